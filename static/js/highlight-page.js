// Highlights the code blocks of pages that are not lessons (a lesson page does this in lesson.js).
document.querySelectorAll("pre code[class*='language-']").forEach((el) => window.hljs?.highlightElement(el));
