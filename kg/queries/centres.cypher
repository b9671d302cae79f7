// Title: Protection and rapid-protection centres, with the programmes their provinces run
// Question (zh): 知识产权保护中心和快速维权中心分布在哪些省份？这些省份实施哪些工作项目？
// Question (en): Where are the protection and rapid-protection centres, and which programmes do their provinces run?
// Param: province province = '' — one province (name, short form or code), or '' for all
// Example: kg query centres --param province=湖北
MATCH (c:Centre)-[:LOCATED_IN*1..2]->(p:Province)
WHERE $province = '' OR p.name = $province
OPTIONAL MATCH (w:WorkItem)-[:PLANNED_BY]->(p)
OPTIONAL MATCH (w)-[:IMPLEMENTS]->(g:Programme)
WITH p, c, g ORDER BY g.name
RETURN p.name AS province, c.name AS centre,
       CASE WHEN 'RapidProtectionCentre' IN labels(c) THEN '知识产权快速维权中心' ELSE '知识产权保护中心' END AS kind,
       collect(DISTINCT g.name) AS provinceProgrammes
ORDER BY province, kind, centre
