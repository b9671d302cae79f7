"""Loading RDF into a property-graph store (Neo4j or the embedded FalkorDB server)."""

# Rows per statement. The embedded server's own cost per write statement grows with the size of the
# graph, so a large graph loads far faster in few large statements than in many small ones.
BATCH_SIZE = 5000
