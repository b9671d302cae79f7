// Title: Provinces and how many work items each plans
// Question (zh): 各省级单位计划了多少工作事项？
// Question (en): How many work items does each province plan?
// Param: year int = 2018 — plan year
// Example: kg query provinces --param year=2018
MATCH (p:Province)
OPTIONAL MATCH (w:WorkItem)-[:PLANNED_BY]->(p)
WHERE w.year = $year
RETURN p.name AS province, p.divisionCode AS code, count(w) AS workItems
ORDER BY code
