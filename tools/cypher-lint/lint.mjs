// Reads {"schema": {...}, "statements": [{"name", "cypher", "parameters"}]} on stdin and writes,
// for each statement, the diagnostics of Neo4j's Cypher front end (parser and semantic analysis).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { schema, statements } = JSON.parse(input);
const results = statements.map(({ name, cypher, parameters }) => {
  const dbSchema = { ...schema, parameters: parameters ?? {} };
  const { diagnostics } = lintCypherQuery(cypher, dbSchema, { consoleCommandsEnabled: false });
  return {
    name,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      offset: d.offsets ? d.offsets.start : null,
    })),
  };
});
process.stdout.write(JSON.stringify(results));
