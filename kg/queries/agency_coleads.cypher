// Title: Agency co-leadership network
// Question (zh): 哪些部门经常共同牵头同一工作事项？（部门对及共同事项数）
// Question (en): Which pairs of agencies lead the same work items, and how often?
// Param: province province = '' — one province (name, short form or code), or '' for all
// Param: limit int = 25 — number of pairs shown
// Example: kg query agency_coleads --param province=湖南省 --param limit=10
MATCH (a:Agency)<-[:LEAD_AGENCY]-(w:WorkItem)-[:LEAD_AGENCY]->(b:Agency)
WHERE a.uri < b.uri
MATCH (w)-[:PLANNED_BY]->(p:Province)
WHERE $province = '' OR p.name = $province
RETURN p.name AS province, a.name AS agency, b.name AS coLead, count(DISTINCT w) AS sharedWorkItems
ORDER BY sharedWorkItems DESC, province, agency, coLead
LIMIT $limit
