"""The ontology (ontology.ttl), its SHACL shapes (shapes.ttl) and the model → RDF mapping."""
