// The Python environment that serves model.onnx through MLflow's `mlflow.onnx` pyfunc (Azure ML no-code
// deployment builds it from conda.yaml). One consistent, released set: every version has wheels for the Python
// below, and onnxruntime 1.16 runs IR 8 / opset 17 with double MatMul and Add.

/** The versions written into MLmodel and the env files. */
export const PYTHON_ENV = {
  python: "3.10.12",
  mlflow: "2.9.2",
  onnx: "1.15.0",
  onnxruntime: "1.16.3",
  pip: "23.3.1",
  setuptools: "68.2.2",
  wheel: "0.41.3",
} as const;

/** requirements.txt, as MLflow writes it: one pinned requirement a line. */
export function requirementsTxt(): string {
  const { mlflow, onnx, onnxruntime } = PYTHON_ENV;
  return `mlflow==${mlflow}\nonnx==${onnx}\nonnxruntime==${onnxruntime}\n`;
}

/** conda.yaml, in the layout of MLflow's `_mlflow_conda_env` (conda-forge, python, pip, the pip requirements). */
export function condaYaml(): string {
  const pins = requirementsTxt()
    .trimEnd()
    .split("\n")
    .map((line) => `  - ${line}\n`)
    .join("");
  return `channels:\n- conda-forge\ndependencies:\n- python=${PYTHON_ENV.python}\n- pip<=${PYTHON_ENV.pip}\n- pip:\n${pins}name: mlflow-env\n`;
}

/** python_env.yaml, as MLflow's `_PythonEnv.to_yaml` writes it (used for virtualenv-based serving). */
export function pythonEnvYaml(): string {
  const { python, pip, setuptools, wheel } = PYTHON_ENV;
  return (
    `python: ${python}\nbuild_dependencies:\n- pip==${pip}\n- setuptools==${setuptools}\n- wheel==${wheel}\n` +
    "dependencies:\n- -r requirements.txt\n"
  );
}
