// Title: The most-connected agencies
// Question (zh): 哪些部门承担的工作事项最多（牵头与配合）？
// Question (en): Which agencies are responsible for the most work items, as lead or support?
// Param: limit int = 20 — agencies shown
// Example: kg query connected_agencies --param limit=10
MATCH (a:Agency)<-[r:LEAD_AGENCY|SUPPORT_AGENCY]-(w:WorkItem)
MATCH (a)-[:JURISDICTION]->(j)
WITH a, j, count(DISTINCT w) AS workItems,
     count(CASE WHEN type(r) = 'LEAD_AGENCY' THEN 1 END) AS asLead,
     count(CASE WHEN type(r) = 'SUPPORT_AGENCY' THEN 1 END) AS asSupport
RETURN a.name AS agency, a.agencyKindLabel AS kind, j.name AS jurisdiction, workItems, asLead, asSupport
ORDER BY workItems DESC, agency
LIMIT $limit
