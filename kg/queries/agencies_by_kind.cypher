// Title: Agencies by kind, per province
// Question (zh): 各省的责任部门按类别（知识产权、市场监管、法院、海关……）各有多少？
// Question (en): How many agencies of each kind (IP office, market regulation, court, customs …) does each province name?
// Param: province province = '' — one province (name, short form or code), or '' for all
// Example: kg query agencies_by_kind --param province=北京
MATCH (a:Agency)-[:JURISDICTION]->(j)
OPTIONAL MATCH (j)-[:LOCATED_IN]->(up:Province)
WITH a, coalesce(up, j) AS p
WHERE $province = '' OR p.name = $province
WITH p, a ORDER BY a.name
RETURN p.name AS province, a.agencyKindLabel AS kind, count(a) AS agencies, collect(a.name) AS names
ORDER BY province, agencies DESC, kind
