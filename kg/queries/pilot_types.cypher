// Title: Provinces with a strong-IP-province pilot type
// Question (zh): 哪些省份是引领型、支撑型或特色型知识产权强省建设试点？依据是哪句原文？
// Question (en): Which provinces are leading-, supporting- or distinctive-type strong-IP-province pilots, and which sentence says so?
// Parameters: none
// Example: kg query pilot_types
MATCH (p:Province)-[:PILOT_TYPE]->(t:PilotType)
MATCH (p)-[:EVIDENCE]->(m:Mention {forProperty: 'pilotType'})-[:MENTIONS]->(t)
MATCH (m)-[:DOCUMENT]->(d:Document)
WITH p, t, m, d ORDER BY m.startOffset
RETURN p.name AS province, t.name AS pilotType, count(m) AS statements,
       collect(d.fileName)[0] AS document, collect(m.quote)[0] AS firstStatement
ORDER BY pilotType, province
