// Title: Figures a province reports
// Question (zh): 某省的案例和工作绩效报告了哪些量化成效（金额、数量、比例）？
// Question (en): Which figures (amounts, counts, shares) do a province's cases and reported results state?
// Param: province province = 四川省 — province name, short form or GB/T 2260 code
// Param: kind string = money — money, count, share, duration or multiple ('' for all)
// Example: kg query measured_outcomes --param province=重庆 --param kind=money
MATCH (s:Resource)-[:MEASURED_OUTCOME]->(m:Measurement)
MATCH (s)-[:PLANNED_BY|CONTRIBUTED_BY]->(x)-[:LOCATED_IN*0..1]->(p:Province {name: $province})
WHERE $kind = '' OR m.quantityKind = $kind
OPTIONAL MATCH (m)-[:WAS_DERIVED_FROM]->(d:Document)
RETURN s.name AS source, m.indicator AS indicator, m.value AS value, m.unit AS unit, m.year AS year, m.name AS asWritten,
       d.name AS document
ORDER BY source, asWritten
