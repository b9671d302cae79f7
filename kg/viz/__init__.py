"""Interactive HTML views of the graph: an overview, province and programme views, the agency network,
cases, a province × programme matrix and a map of China."""
