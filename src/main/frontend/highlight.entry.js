// The languages lessons use; highlight.js core stays small without the other ~190.
import hljs from "highlight.js/lib/core";
import java from "highlight.js/lib/languages/java";
import bash from "highlight.js/lib/languages/bash";
import yaml from "highlight.js/lib/languages/yaml";
import json from "highlight.js/lib/languages/json";
import sql from "highlight.js/lib/languages/sql";
import http from "highlight.js/lib/languages/http";
import xml from "highlight.js/lib/languages/xml";
import plaintext from "highlight.js/lib/languages/plaintext";

for (const [name, lang] of Object.entries({ java, bash, yaml, json, sql, http, xml, plaintext })) {
  hljs.registerLanguage(name, lang);
}
hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
hljs.registerAliases(["text", "txt"], { languageName: "plaintext" });
hljs.registerAliases(["html"], { languageName: "xml" });
window.hljs = hljs;
