// The page's little script. Dropping files anywhere on the input page fills the file picker;
// on the result page, the outline's buttons send an edit (/edit) and swap in the new tree, the
// preview shows the PDF's pages one at a time (/preview), and an uploaded style sheet is
// checked as soon as it is chosen (/style). The tree itself lives in the forms, as JSON.

document.addEventListener("DOMContentLoaded", () => {
  const picker = document.getElementById("files");
  if (!picker) return;
  const zone = document.body;
  document.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  document.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) picker.files = event.dataTransfer.files;
  });
});

async function post(path, data) {
  const reply = await fetch(path, { method: "POST", body: data });
  const answer = await reply.json();
  if (answer.error) throw new Error(answer.error);
  return answer;
}

function say(element, message) {
  element.textContent = message || "";
  element.hidden = !message;
}

async function showPage(form, page) {
  const pane = form.querySelector(".preview-pane");
  if (!pane) return;
  const data = new FormData(form);
  data.set("page", String(page));
  const answer = await post("/preview", data);
  const image = pane.querySelector("img.page");
  image.src = answer.image;
  image.dataset.page = String(answer.page);
  pane.querySelector(".page-text pre").textContent = answer.text;
  pane.querySelector(".page-of").textContent = pane.dataset.pageOf
    .replace("{n}", answer.page)
    .replace("{total}", answer.pages);
  pane.querySelector(".previous").disabled = answer.page <= 1;
  pane.querySelector(".next").disabled = answer.page >= answer.pages;
  form.dataset.page = String(answer.page);
  pane.hidden = false;
}

async function previewIfShown(form) {
  if (form.dataset.page) await showPage(form, Number(form.dataset.page));
}

async function guarded(form, button, work) {
  const problem = form.querySelector(".sheet-error") || form.closest(".document").querySelector(".edit-error");
  if (button) button.disabled = true;
  try {
    await work();
    if (problem) say(problem, "");
  } catch (error) {
    if (problem) say(problem, error.message);
  } finally {
    if (button) button.disabled = false;
  }
}

document.addEventListener("click", async (event) => {
  const preview = event.target.closest("button.preview, .pager button");
  if (preview) {
    const form = preview.form;
    const page = Number(form.dataset.page || 1);
    const wanted = preview.matches(".previous") ? page - 1 : preview.matches(".next") ? page + 1 : page;
    await guarded(form, preview, () => showPage(form, wanted));
    return;
  }
  const button = event.target.closest("button.edit");
  if (!button) return;
  const documentPart = button.closest(".document");
  const form = documentPart.querySelector("form.build");
  const problem = documentPart.querySelector(".edit-error");
  const data = new FormData();
  data.set("tree", form.elements.tree.value);
  data.set("path", button.dataset.path);
  data.set("action", button.dataset.action);
  button.disabled = true;
  try {
    const answer = await post("/edit", data);
    form.elements.tree.value = answer.tree;
    const batch = document.querySelector(`form.batch textarea[data-doc="${documentPart.id.slice(4)}"]`);
    if (batch) batch.value = answer.tree;
    documentPart.querySelector(".outline").outerHTML = answer.outline;
    say(problem, "");
    await previewIfShown(form);
  } catch (error) {
    say(problem, error.message);
    button.disabled = false;
  }
});

document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!input.matches('input[name="sheet"]') || !input.files.length) return;
  const form = input.form;
  const data = new FormData();
  data.set("sheet", input.files[0]);
  await guarded(form, null, async () => {
    await post("/style", data);
    if (form.matches("form.build")) await previewIfShown(form);
  });
});

document.addEventListener("change", async (event) => {
  const field = event.target; // the style, the title or a 版头/落款 field: a shown preview follows
  if (!field.form || !field.form.matches("form.build") || field.type === "file") return;
  await guarded(field.form, null, () => previewIfShown(field.form));
});
