// Title: Find an agency by any name it is written under
// Question (zh): "省工商局""市高院"这类简称指的是哪个部门？全称、类别和所属地区是什么？
// Question (en): Which agency does a short form such as 省工商局 or 市高院 stand for: full name, kind and jurisdiction?
// Param: name string = 市高院 — a canonical name, a surface form, or part of one
// Example: kg query agency_lookup --param name=发改委
MATCH (a:Agency)-[:JURISDICTION]->(j)
WHERE a.name CONTAINS $name OR any(alias IN coalesce(a.aliases, []) WHERE alias CONTAINS $name)
RETURN a.name AS agency, a.agencyKindLabel AS kind, j.name AS jurisdiction, a.aliases AS writtenAs
ORDER BY jurisdiction, agency
