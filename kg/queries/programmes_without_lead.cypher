// Title: Programmes planned with no lead agency named
// Question (zh): 哪些省份计划实施某工作项目却没有写明牵头部门？
// Question (en): Which provinces plan a programme but name no lead agency for it?
// Param: year int = 2018 — plan year
// Example: kg query programmes_without_lead
// Only plans with a 责任部门 column count: a plan without one (the Yangtze-belt tables) names no
// agency for any row. A collective (各有关部门) is a lead agency named.
MATCH (w:WorkItem)-[:IMPLEMENTS]->(g:Programme)
WHERE w.year = $year
MATCH (w)-[:WAS_DERIVED_FROM]->(d:Document)
WHERE d.layout = 'work-plan'
MATCH (w)-[:PLANNED_BY]->(p:Province)
OPTIONAL MATCH (w)-[:LEAD_AGENCY]->(a:Agency)
WITH p, g, w, d, count(a) AS leads
WHERE leads = 0
RETURN p.name AS province, g.name AS programme, w.name AS workItem, w.responsibleText AS responsibleAsWritten,
       d.fileName AS document
ORDER BY province, programme, workItem
