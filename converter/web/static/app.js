// A little help, none of it needed: dropping files anywhere on the input page fills the file
// picker, and a page-1 preview shows inside the page instead of a new tab.
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.getElementById("files");
  if (!picker) return;
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) picker.files = event.dataTransfer.files;
  });
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.preview");
  if (!button) return;
  event.preventDefault();
  const form = button.form;
  const data = new FormData(form);
  data.set("format", "png");
  const image = form.querySelector("img.page1");
  button.disabled = true;
  try {
    const reply = await fetch(form.action, { method: "POST", body: data });
    if (!reply.ok) throw new Error(String(reply.status));
    if (image.src) URL.revokeObjectURL(image.src);
    image.src = URL.createObjectURL(await reply.blob());
    image.hidden = false;
  } finally {
    button.disabled = false;
  }
});
