"""The local web page of ``converter serve`` (README, "Web page"): paste or upload, see the proof, download."""
