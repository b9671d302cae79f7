// Title: Lead agencies of a programme across provinces
// Question (zh): 哪些省份计划实施某项工作（如专利质量提升工程），由哪些部门牵头？
// Question (en): Which provinces plan a programme, and which agencies lead it?
// Parameters: programme (string, default 专利质量提升工程)
// Example: kg query programme_leads --param programme=专利质量提升工程
MATCH (w:WorkItem)-[:IMPLEMENTS]->(g:Programme)
WHERE g.name = coalesce($programme, '专利质量提升工程')
MATCH (w)-[:PLANNED_BY]->(p:Province)
OPTIONAL MATCH (w)-[:LEAD_AGENCY]->(a:Agency)
RETURN p.name AS province, w.name AS workItem, collect(a.name) AS leadAgencies
ORDER BY province
