// The only script: dropping files anywhere on the input page fills the file picker.
document.addEventListener("DOMContentLoaded", () => {
  const picker = document.getElementById("files");
  if (!picker) return;
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) picker.files = event.dataTransfer.files;
  });
});
