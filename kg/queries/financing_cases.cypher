// Title: Financing cases and their results
// Question (zh): 哪些省份提供了知识产权质押融资、知识价值信用贷款等金融类案例？成效如何？
// Question (en): Which provinces contributed cases on pledge financing, knowledge-value credit loans and other financing schemes, with what results?
// Param: unit string = '' — keep only figures in this unit (亿元, 万元, 家 …), or '' for all
// Example: kg query financing_cases --param unit=亿元
MATCH (c:Case)-[:IMPLEMENTS]->(g:Programme {programmeKind: 'financing'})
MATCH (c)-[:CONTRIBUTED_BY]->(x)-[:LOCATED_IN*0..1]->(p:Province)
WITH c, collect(DISTINCT g.name) AS schemes, collect(DISTINCT p.name) AS provinces
OPTIONAL MATCH (c)-[:MEASURED_OUTCOME]->(m:Measurement)
WHERE $unit = '' OR m.unit = $unit
WITH c, schemes, provinces, collect(m.name) AS results
OPTIONAL MATCH (c)-[:WAS_DERIVED_FROM]->(d:Document)
RETURN provinces, c.name AS case, schemes, results, collect(DISTINCT d.name) AS documents
ORDER BY provinces[0], case
