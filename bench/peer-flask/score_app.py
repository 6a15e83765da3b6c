"""Minimal Flask peer of the Azure ML inference server contract (azureml-inference-server-http style).

GET  /       -> 200 text/plain "Healthy"
POST /score  -> body {"data": [[10 floats], ...]}  ->  200 {"result": [pred, ...]}
               malformed input -> 400 {"error": "..."}

Run:  gunicorn -w 2 -b 127.0.0.1:5001 --chdir <this folder> score_app:app
"""
import os

import joblib
import numpy as np
from flask import Flask, Response, jsonify, request

MODEL_PATH = os.environ.get("MODEL_PATH")
DATA_PATH = os.environ.get(
    "DATA_PATH", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "diabetes.csv")
)


def _load_model():
    """joblib model from MODEL_PATH, else the seed-000 model: Ridge(alpha=0.5), split rs 0, trained at start."""
    if MODEL_PATH:
        return joblib.load(MODEL_PATH)
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import train_test_split

    d = np.loadtxt(DATA_PATH, delimiter=",", skiprows=1)
    x_train, _, y_train, _ = train_test_split(d[:, :10], d[:, 10], test_size=0.2, random_state=0)
    return Ridge(alpha=0.5).fit(x_train, y_train)


model = _load_model()  # once per gunicorn worker (like init())
app = Flask(__name__)


@app.get("/")
def health():
    return Response("Healthy", status=200, mimetype="text/plain")


@app.post("/score")
def score():
    try:
        payload = request.get_json(force=True)
        data = np.asarray(payload["data"], dtype=np.float64)
        if data.ndim != 2 or data.shape[1] != model.n_features_in_:
            raise ValueError(f"expected shape (n, {model.n_features_in_}), got {data.shape}")
        result = model.predict(data)  # like run(): model.predict(data).tolist()
        return jsonify({"result": result.tolist()})
    except Exception as exc:  # noqa: BLE001
        return jsonify({"error": str(exc)}), 400
