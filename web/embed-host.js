// Sizes every ptcalc <iframe class="ptcalc"> to its content: the embedded page posts
// {type: "ptcalc:height", height, scenario} on load and after every change.
window.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "ptcalc:height" || !(data.height > 0)) return;
  for (const frame of document.querySelectorAll("iframe.ptcalc")) {
    if (frame.contentWindow === event.source) frame.style.height = `${Math.ceil(data.height)}px`;
  }
});
