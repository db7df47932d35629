// Quizzes: send the chosen answers to the server, which says whether they are right and why.
import { markDone } from "./progress.js";

const token = document.querySelector('meta[name="csrf-token"]')?.content;

for (const form of document.querySelectorAll("form.quiz-question")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const { quiz, question } = form.dataset;
    const choices = [...form.querySelectorAll("input:checked")].map((input) => Number(input.value));
    const verdict = form.querySelector(".quiz-verdict");
    form.querySelectorAll(".quiz-explanation").forEach((el) => el.remove());
    form.querySelectorAll(".quiz-choice").forEach((el) => el.classList.remove("is-right", "is-wrong"));
    if (choices.length === 0) {
      verdict.textContent = "Choose an answer first.";
      verdict.className = "quiz-verdict";
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const response = await fetch(`/api/quizzes/${encodeURIComponent(quiz)}/questions/${encodeURIComponent(question)}/answers`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token ?? "" },
        body: JSON.stringify({ choices }),
      });
      const body = await response.json();
      if (!response.ok) {
        verdict.textContent = body.message ?? "The answer could not be checked.";
        verdict.className = "quiz-verdict is-wrong";
        return;
      }
      for (const item of body.feedback) {
        const label = form.querySelector(`.quiz-choice[data-choice="${item.choice}"]`);
        label.classList.add(item.correct ? "is-right" : "is-wrong");
        const explanation = document.createElement("div");
        explanation.className = "quiz-explanation";
        explanation.innerHTML = item.explanation; // course content, sanitised on the server
        label.after(explanation);
      }
      verdict.textContent = body.correct ? "Right." : "Not quite: read why, then try again.";
      verdict.className = "quiz-verdict " + (body.correct ? "is-right" : "is-wrong");
      if (body.correct) markDone(`quiz:${quiz}/${question}`);
    } catch (error) {
      verdict.textContent = "The server could not be reached. Try again in a moment.";
      verdict.className = "quiz-verdict is-wrong";
    } finally {
      button.disabled = false;
    }
  });
}
