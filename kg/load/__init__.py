"""Loading RDF into a property-graph store (Neo4j or the embedded FalkorDB server)."""
