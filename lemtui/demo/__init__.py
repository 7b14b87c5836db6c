"""The demo data and the fake lemlist API that serves the demo, the tests and the bench."""
