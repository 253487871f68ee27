// Parse Mermaid flowcharts with mermaid's own parser: reads a JSON array of diagram texts on
// stdin, prints a JSON array with, per text, what the parser read ({diagramType, vertices:
// [[id, text]], edges: [[start, end, text]], subgraphs: [[id, title, [node ids]]]}) or
// {error: its message}. One process for all texts: loading mermaid takes most of a second.
//
// Parsing needs no DOM. mermaid sanitises labels with DOMPurify, which has nothing to work on
// outside a browser: plain functions stand in (the labels are ours, nothing is rendered).
import DOMPurify from "dompurify";

DOMPurify.addHook = () => {};
DOMPurify.sanitize = (text) => text;
const { default: mermaid } = await import("mermaid");

async function read(text) {
  try {
    const { diagramType } = await mermaid.parse(text);
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
    return {
      diagramType,
      vertices: [...db.getVertices().values()].map((v) => [v.id, v.text]),
      edges: db.getEdges().map((e) => [e.start, e.end, e.text]),
      subgraphs: db.getSubGraphs().map((s) => [s.id, s.title, s.nodes]),
    };
  } catch (error) {
    return { error: String(error.message).split("\n").slice(0, 3).join(" | ") };
  }
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) results.push(await read(text));
console.log(JSON.stringify(results));
