"""Search: the full-text engine, facets, the listing pipeline's search step and its views."""
