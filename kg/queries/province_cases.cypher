// Title: Cases a province or its cities contributed
// Question (zh): 某省（含其下辖市县）提供了哪些典型案例？推广情况如何？
// Question (en): Which cases did a province, or its cities, contribute, and how far were they promoted?
// Param: province province = 四川省 — province name, short form or GB/T 2260 code
// Example: kg query province_cases --param province=浙江
MATCH (c:Case)-[:CONTRIBUTED_BY]->(x)-[:LOCATED_IN*0..1]->(p:Province {name: $province})
OPTIONAL MATCH (c)-[:IMPLEMENTS]->(g:Programme)
WITH c, x, collect(DISTINCT g.name) AS programmes
OPTIONAL MATCH (c)-[:WAS_DERIVED_FROM]->(d:Document)
RETURN c.name AS case, x.name AS contributor, c.promotionStatus AS promotion, programmes,
       collect(DISTINCT d.name) AS documents
ORDER BY case
