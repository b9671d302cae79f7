// Title: Provinces and the programmes they plan
// Question (zh): 各省份在年度工作要点中计划实施哪些国家工作项目？
// Question (en): Which national programmes does each province plan in a year?
// Param: year int = 2018 — plan year
// Example: kg query province_programmes --param year=2018
MATCH (w:WorkItem)-[:PLANNED_BY]->(p:Province)
MATCH (w)-[:IMPLEMENTS]->(g:Programme)
WHERE w.year = $year
WITH p, g ORDER BY g.name
RETURN p.name AS province, count(DISTINCT g) AS programmeCount, collect(DISTINCT g.name) AS programmes
ORDER BY programmeCount DESC, province
