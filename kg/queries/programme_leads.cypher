// Title: Lead and support agencies of a programme across provinces
// Question (zh): 哪些省份计划实施某项工作（如专利质量提升工程），由哪些部门牵头、哪些部门配合？
// Question (en): Which provinces plan a programme, and which agencies lead and support it there?
// Param: programme string = 专利质量提升工程 — programme name, or part of it
// Param: year int = 2018 — plan year
// Example: kg query programme_leads --param programme=专利导航
MATCH (w:WorkItem)-[:IMPLEMENTS]->(g:Programme)
WHERE g.name CONTAINS $programme AND w.year = $year
MATCH (w)-[:PLANNED_BY]->(p:Province)
MATCH (w)-[:WAS_DERIVED_FROM]->(d:Document)
OPTIONAL MATCH (w)-[:LEAD_AGENCY]->(l:Agency)
WITH g, p, w, d, collect(DISTINCT l.name) AS leadAgencies
OPTIONAL MATCH (w)-[:SUPPORT_AGENCY]->(s:Agency)
RETURN g.name AS programme, p.name AS province, w.name AS workItem, leadAgencies,
       collect(DISTINCT s.name) AS supportAgencies, d.fileName AS document,
       d.layout = 'work-plan' AS hasDepartmentColumn
ORDER BY programme, province, document, workItem
