// Title: A province's whole plan, by focus
// Question (zh): 某省的年度工作要点有哪些工作重点，每项工作由谁负责？
// Question (en): What is in a province's plan, focus by focus, and who is responsible for each item?
// Param: province province = 四川省 — province name, short form (四川, 川) or GB/T 2260 code
// Param: year int = 2018 — plan year
// Example: kg query province_plan --param province=广东
MATCH (w:WorkItem)-[:PLANNED_BY]->(p:Province {name: $province})
WHERE w.year = $year
OPTIONAL MATCH (w)-[:LEAD_AGENCY]->(l:Agency)
WITH w, collect(DISTINCT l.name) AS leadAgencies
OPTIONAL MATCH (w)-[:SUPPORT_AGENCY]->(s:Agency)
WITH w, leadAgencies, collect(DISTINCT s.name) AS supportAgencies
OPTIONAL MATCH (w)-[:WAS_DERIVED_FROM]->(d:Document)
RETURN w.groupNumber AS group, w.focus AS focus, w.name AS workItem, leadAgencies, supportAgencies,
       collect(DISTINCT d.name) AS documents
ORDER BY group, workItem
