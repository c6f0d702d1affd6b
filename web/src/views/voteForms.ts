import type { JudgmentProposal } from "../../../src/mj/judgmentProposals";
import { checkedValue, el, radio, uniqueId } from "../dom";
import { errorMessage } from "../errors";
import { t } from "../i18n";
import { signBallotFile, signVoteFile, type SignedFile } from "../signing";
import { onRightChain, type AppState } from "../state";
import { setStatus } from "../status";
import { VoteSupport, castBallot, castVote, checkCanVote } from "../voting";
import { stateLabel } from "./home";
import { scaleLabels } from "./results";

/** Renders the yes/no/abstain form with a reason, a button that votes and one that signs for a relay. */
export function renderVoteForm(state: AppState, proposalId: bigint, stateName: string): HTMLElement {
  const section = voteSection();
  const connection = state.connection;
  if (connection === undefined || !onRightChain(state)) {
    section.append(votePrerequisite(state));
    return section;
  }
  if (stateName !== "Active") {
    section.append(el("p", { testId: "vote-closed", text: t("proposalNotActive", { state: stateLabel(stateName) }) }));
    return section;
  }

  const form = el("form", { attrs: { novalidate: "" } });
  const group = "support";
  const reasonId = uniqueId("reason");
  const reason = el("textarea", { testId: "reason", attrs: { id: reasonId, rows: "3", maxlength: "2000" } });
  form.append(
    el(
      "fieldset",
      {},
      el("legend", { text: t("voteLegend") }),
      radio(group, String(VoteSupport.For), t("supportFor"), "vote-for"),
      radio(group, String(VoteSupport.Against), t("supportAgainst"), "vote-against"),
      radio(group, String(VoteSupport.Abstain), t("supportAbstain"), "vote-abstain"),
    ),
    el("label", { text: t("reasonLabel"), attrs: { for: reasonId } }),
    reason,
  );

  const submit = el("button", { testId: "submit-vote", text: t("submitVote"), attrs: { type: "submit" } });
  const sign = el("button", { testId: "sign-vote", text: t("signVote"), attrs: { type: "button" } });
  const signedOutput = el("div", { className: "signed" });
  form.append(el("div", { className: "buttons" }, submit));

  const readSupport = (): number | undefined => {
    const value = checkedValue(form, group);
    if (value === undefined) setStatus(t("chooseSupport"), "error");
    return value === undefined ? undefined : Number(value);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const support = readSupport();
    if (support === undefined) return;
    void run(submit, async () => {
      await checkCanVote(state.reader, state.config, connection.account, stateName, stateLabel(stateName));
      setStatus(t("sending"));
      const block = await castVote(connection.signer, state.config, proposalId, support, reason.value);
      setStatus(t("voteCounted", { block }), "success");
      state.refresh();
    });
  });
  sign.addEventListener("click", () => {
    const support = readSupport();
    if (support === undefined) return;
    void run(sign, async () => {
      await checkCanVote(state.reader, state.config, connection.account, stateName, stateLabel(stateName));
      setStatus(t("signing"));
      const file = await signVoteFile(connection.signer, state.config, proposalId, support, reason.value);
      showSignedFile(signedOutput, file);
    });
  });

  section.append(form, signSection(sign, signedOutput));
  return section;
}

/** Renders one radio group per option with the scale's grade labels, and buttons to vote or sign. */
export function renderBallotForm(
  state: AppState,
  proposal: JudgmentProposal,
  stateName: string,
  labels: readonly string[],
): HTMLElement {
  const section = voteSection();
  const connection = state.connection;
  if (connection === undefined || !onRightChain(state)) {
    section.append(votePrerequisite(state));
    return section;
  }
  if (stateName !== "Active") {
    section.append(el("p", { testId: "vote-closed", text: t("proposalNotActive", { state: stateLabel(stateName) }) }));
    return section;
  }

  const grades = scaleLabels(proposal);
  const form = el("form", { attrs: { novalidate: "" } });
  labels.forEach((label, option) => {
    const fieldset = el(
      "fieldset",
      { className: "grades" },
      el("legend", { text: t("gradeLegend", { option: label }) }),
    );
    // Best grade first, as members read a scale from "Excellent" down.
    for (let grade = grades.length - 1; grade >= 0; grade -= 1) {
      fieldset.append(radio(`grade-${option}`, String(grade), grades[grade], `grade-${option}-${grade}`));
    }
    form.append(fieldset);
  });
  const submit = el("button", { testId: "submit-ballot", text: t("submitBallot"), attrs: { type: "submit" } });
  const sign = el("button", { testId: "sign-ballot", text: t("signBallot"), attrs: { type: "button" } });
  const signedOutput = el("div", { className: "signed" });
  form.append(el("div", { className: "buttons" }, submit));

  const readGrades = (): number[] | undefined => {
    const values = labels.map((_, option) => checkedValue(form, `grade-${option}`));
    if (values.some((value) => value === undefined)) {
      setStatus(t("chooseAllGrades"), "error");
      return undefined;
    }
    return values.map(Number);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = readGrades();
    if (chosen === undefined) return;
    void run(submit, async () => {
      await checkCanVote(state.reader, state.config, connection.account, stateName, stateLabel(stateName));
      setStatus(t("sending"));
      const block = await castBallot(connection.signer, state.config, proposal.id, chosen);
      setStatus(t("ballotCounted", { block }), "success");
      state.refresh();
    });
  });
  sign.addEventListener("click", () => {
    const chosen = readGrades();
    if (chosen === undefined) return;
    void run(sign, async () => {
      await checkCanVote(state.reader, state.config, connection.account, stateName, stateLabel(stateName));
      setStatus(t("signing"));
      showSignedFile(signedOutput, await signBallotFile(connection.signer, state.config, proposal, chosen));
    });
  });

  section.append(form, signSection(sign, signedOutput));
  return section;
}

/** Returns what the member must do before voting: connect a wallet, or switch it to the cooperative's chain. */
function votePrerequisite(state: AppState): HTMLElement {
  if (state.connection === undefined) return el("p", { text: t("connectToVote") });
  return el("p", { className: "warning", text: t("switchToVote", { network: state.config.networkName }) });
}

function voteSection(): HTMLElement {
  return el(
    "section",
    { attrs: { "aria-labelledby": "vote-heading" } },
    el("h2", { text: t("voteHeading"), attrs: { id: "vote-heading" } }),
  );
}

function signSection(sign: HTMLButtonElement, output: HTMLElement): HTMLElement {
  return el(
    "div",
    { className: "sign" },
    el("h3", { text: t("signHeading") }),
    el("p", { text: t("signExplanation") }),
    sign,
    output,
  );
}

/** Runs `action` with `button` disabled, and shows its error in the status region. */
async function run(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    setStatus(errorMessage(error), "error");
  } finally {
    button.disabled = false;
  }
}

/** Shows the signed file as a download link and as read-only text to copy. */
function showSignedFile(container: HTMLElement, file: SignedFile): void {
  const textId = uniqueId("signed");
  const url = URL.createObjectURL(new Blob([file.json], { type: "application/json" }));
  const text = el("textarea", { testId: "signed-vote", attrs: { id: textId, readonly: "", rows: "12" } });
  text.value = file.json;
  container.replaceChildren(
    el("p", { text: t("signed") }),
    el(
      "p",
      {},
      el("a", { testId: "download-signed", text: t("downloadSigned"), attrs: { href: url, download: file.fileName } }),
    ),
    el("label", { text: t("signedVoteLabel"), attrs: { for: textId } }),
    text,
    el("p", {}, `${t("relayHint")} `, el("code", { text: file.relayCommand })),
  );
  setStatus(t("signed"), "success");
}
