-- wrk: executions of the benchmark's one-node workflow, straight to an engine instance.
wrk.method = "POST"
wrk.body = '{"input": {"orderId": "A1"}}'
wrk.headers["Content-Type"] = "application/json"
