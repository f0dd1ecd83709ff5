"use client";
/**
 * A run's prediction: every viewer answers on its own device (a watcher too); the teacher sees the
 * tally as answers come in and presses Next; then everyone sees the answer and the tally while the
 * run shows what really happens.
 */
import type { RunQuestion } from "@causal-kv/protocol";
import { useLabRun } from "../lab/labRunStore";
import { useLabCommand } from "../lab/useLabCommand";

export function QuestionCard({ question }: { question: RunQuestion }) {
  const answered = useLabRun((view) => view.answered);
  const role = useLabRun((view) => view.role);
  const { send, refusal } = useLabCommand();
  const total = Object.values(question.tally).reduce((sum, n) => sum + n, 0);
  const showTally = !question.open || role === "controller";
  const choose = (choice: string) => send("answer", { step: question.step, choice });
  return (
    <section className={`question ${question.open ? "open" : "closed"}`} aria-label="Question">
      <h3>Predict</h3>
      <p className="question-text">{question.text}</p>
      <ul className="choices">
        {question.choices.map((choice) => {
          const count = question.tally[choice] ?? 0;
          const right = !question.open && choice === question.answer;
          return (
            <li key={choice} className={right ? "right" : undefined}>
              <button
                type="button"
                disabled={!question.open}
                aria-pressed={answered === choice}
                onClick={() => void choose(choice)}
              >
                {choice}
              </button>
              {showTally && (
                <span className="tally" data-choice={choice}>
                  {count} {count === 1 ? "answer" : "answers"}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {question.open ? (
        <p className="question-state">
          {answered ? `You answered “${answered}”. ` : "Answer on your device. "}
          {role === "controller"
            ? `${total} ${total === 1 ? "answer" : "answers"} so far; press Next step to see what happens.`
            : "The run goes on when the teacher presses Next step."}
        </p>
      ) : (
        <p className="question-answer">
          <strong>{question.answer}</strong>: {question.explanation}
        </p>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
    </section>
  );
}
