# The sample's Python peer of `npm start` (bench/start.ts runs training/bench/peer-train.py DATA OUT when a model
# brings one): MLOpsPython's local training run (diabetes_regression/training/train.py) without Azure:
# read the CSV, train_test_split(test_size, random_state), Ridge(alpha).fit, metrics, dump the model and
# metrics.json. Python + scikit-learn start-up included, as a user running it would pay.
import json
import os
import sys

import joblib
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

data_file, out_dir = sys.argv[1], sys.argv[2]
data = np.loadtxt(data_file, delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
model = Ridge(alpha=0.5).fit(X_train, y_train)
pred = model.predict(X_test)
os.makedirs(out_dir, exist_ok=True)
joblib.dump(model, os.path.join(out_dir, "model.pkl"))
with open(os.path.join(out_dir, "metrics.json"), "w") as f:
    json.dump({"mse": mean_squared_error(y_test, pred), "r2": r2_score(y_test, pred)}, f)
print(json.dumps({"mse": mean_squared_error(y_test, pred)}))
