// Title: Policy documents a province cites
// Question (zh): 某省的工作要点引用了哪些政策文件（《……》）？
// Question (en): Which policy documents (《…》) does a province's plan cite?
// Param: province province = 四川省 — province name, short form or GB/T 2260 code
// Example: kg query province_policy_documents --param province=江西
MATCH (w:WorkItem)-[:PLANNED_BY]->(p:Province {name: $province})
MATCH (w)-[:REFERENCES]->(d:PolicyDocument)
WITH d, w ORDER BY w.name
RETURN d.name AS policyDocument, count(DISTINCT w) AS citingWorkItems, collect(DISTINCT w.name)[0..3] AS examples
ORDER BY citingWorkItems DESC, policyDocument
