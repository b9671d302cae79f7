// Title: Cases by programme, with contributors and measured outcomes
// Question (zh): 各工作项目有哪些典型案例？由哪些地方提供？取得了哪些量化成效？
// Question (en): Which cases are about each programme, who contributed them, and what figures do they report?
// Param: programme string = '' — programme name or part of it, or '' for all
// Example: kg query cases_by_programme --param programme=专利权质押
MATCH (c:Case)-[:IMPLEMENTS]->(g:Programme)
WHERE $programme = '' OR g.name CONTAINS $programme
OPTIONAL MATCH (c)-[:CONTRIBUTED_BY]->(x)
WITH g, c, collect(DISTINCT x.name) AS contributors
OPTIONAL MATCH (c)-[:MEASURED_OUTCOME]->(m:Measurement)
WITH g, c, contributors, collect(m.name) AS measuredOutcomes
OPTIONAL MATCH (c)-[:WAS_DERIVED_FROM]->(d:Document)
RETURN g.name AS programme, c.name AS case, contributors, measuredOutcomes, collect(DISTINCT d.name) AS documents
ORDER BY programme, case
