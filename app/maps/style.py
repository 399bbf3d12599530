"""The colours every map of China here is drawn in: the Plotly charts and the locator maps."""

LAND = "#eef1f4"
BORDER = "#b3bcc6"  # between provinces
OUTLINE = "#5b6673"  # the national boundary, the maritime boundary line, the inset's frame
SEA = "#ffffff"
HIGHLIGHT = "#9cc3e4"  # the province a locator map is about
ACCENT = "#b3261e"  # the county or village a locator map is about
