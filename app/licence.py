"""The licence of the data, the charts and their images: named in every chart's source line,
every data answer's Link header, every citation and on /about."""

from __future__ import annotations

NAME = "CC BY 4.0"
URL = "https://creativecommons.org/licenses/by/4.0/"
