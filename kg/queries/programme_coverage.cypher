// Title: How widely each programme is planned and reported
// Question (zh): 每个工作项目有多少省份计划实施、有多少典型案例？
// Question (en): How many provinces plan each programme, and how many cases report on it?
// Parameters: none
// Example: kg query programme_coverage
MATCH (g:Programme)
OPTIONAL MATCH (w:WorkItem)-[:IMPLEMENTS]->(g)
OPTIONAL MATCH (w)-[:PLANNED_BY]->(p:Province)
WITH g, count(DISTINCT p) AS provinces, count(DISTINCT w) AS workItems
OPTIONAL MATCH (c:Case)-[:IMPLEMENTS]->(g)
RETURN g.name AS programme, g.nameEn AS english, g.programmeKind AS kind, provinces, workItems,
       count(DISTINCT c) AS cases
ORDER BY provinces DESC, cases DESC, programme
