"""ct-rural: a read-only, bilingual dashboard of China Telecom's poverty-alleviation and
rural-revitalisation work, built on data curated from the published reports."""
