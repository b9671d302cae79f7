// Title: The source text behind a work item or case
// Question (zh): 某个工作事项或案例出自原文哪一句？
// Question (en): Show the sentence in the source document a work item or case came from.
// Param: text string = 知识价值信用 — part of the work item's or case's name
// Param: limit int = 20 — rows shown
// Example: kg query evidence --param text=专利质量提升
MATCH (n:Resource)-[:EVIDENCE]->(m:Mention)-[:DOCUMENT]->(d:Document)
WHERE (n:WorkItem OR n:Case) AND n.name CONTAINS $text AND m.forProperty IS NULL
RETURN n.name AS item, d.fileName AS document, m.startOffset AS start, m.endOffset AS end, m.quote AS quote
ORDER BY item, start
LIMIT $limit
