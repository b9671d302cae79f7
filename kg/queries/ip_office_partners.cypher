// Title: Who co-leads with the IP office, province by province
// Question (zh): 各省与知识产权局共同牵头工作最多的是哪些部门？
// Question (en): Which agencies co-lead work with the IP office most often, province by province?
// Param: top int = 3 — partners shown per province
// Example: kg query ip_office_partners --param top=5
MATCH (ip:Agency {agencyKind: 'ip_office'})<-[:LEAD_AGENCY]-(w:WorkItem)-[:LEAD_AGENCY]->(a:Agency)
WHERE a.agencyKind <> 'ip_office'
MATCH (w)-[:PLANNED_BY]->(p:Province)
WITH p, a, count(DISTINCT w) AS shared
ORDER BY p.name, shared DESC, a.name
WITH p, collect(a.name + ' (' + toString(shared) + ')') AS partners
RETURN p.name AS province, partners[0..$top] AS partners
ORDER BY province
