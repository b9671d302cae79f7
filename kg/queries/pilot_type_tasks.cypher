// Title: What each pilot type must do
// Question (zh): 引领型、支撑型、特色型知识产权强省建设试点省各有哪些主要任务和目标？
// Question (en): What are the main tasks and the target of each strong-IP-province pilot type?
// Parameters: none
// Example: kg query pilot_type_tasks
MATCH (t:PilotType)
OPTIONAL MATCH (p:Province)-[:PILOT_TYPE]->(t)
WITH t, p ORDER BY p.name
RETURN t.name AS pilotType, t.nameEn AS english, t.target AS target, t.task AS tasks,
       collect(DISTINCT p.name) AS provinces
ORDER BY pilotType
