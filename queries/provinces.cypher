// Title: Provinces and how many work items each plans
// Question (zh): 各省级单位的工作事项数量是多少？
// Question (en): How many work items does each province plan?
// Parameters: none
// Example: kg query provinces
MATCH (p:Province)
OPTIONAL MATCH (w:WorkItem)-[:PLANNED_BY]->(p)
RETURN p.name AS province, p.divisionCode AS code, count(w) AS workItems
ORDER BY code
