"""Pictures and tables of a graph: the offline HTML report (``kg report``) and the flat event table."""

from __future__ import annotations
