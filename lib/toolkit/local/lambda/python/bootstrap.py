"""
One Lambda execution environment of one Python function, started by python-process.ts with the
function's environment variables (LAMBDA_TASK_ROOT, _HANDLER, AWS_LAMBDA_*...).

It follows the Lambda Python runtime interface client (awslambdaric): the handler module is
imported once (init) and its state survives between invocations; one invocation at a time;
`handler(event, context)`; the result JSON-encoded (Decimal as a number); an exception becomes
the error document {errorMessage, errorType, requestId, stackTrace} with the traceback's frames
formatted by traceback.format_list, and is logged as "[ERROR] Type: message" with the traceback.
The file is named bootstrap.py as the runtime's is: the runtime drops the frames of files ending
in /bootstrap.py from a trace, and so does this one.

Protocol (JSON lines): the parent writes {"type": "invoke", ...} to fd 3; this writes
{"type": "ready"} once init succeeded and {"type": "result"} per invocation to fd 4. Before each
result it writes an end marker to stdout and stderr, so the parent knows it has all of that
invocation's output.
"""

import decimal
import importlib
import importlib.abc
import importlib.util
import json
import logging
import os
import sys
import time
import traceback

CONTROL_IN = 3
CONTROL_OUT = 4
MARKER_NONCE = os.environ.pop("_LOCAL_LAMBDA_MARKER_NONCE", "")


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.msg = msg
        self.exception_type = exception_type
        self.trace = trace


def get_handler(handler):
    """The runtime's _get_handler: same steps, same error types and messages."""
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(
            FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e))
        )
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR,
            "Unable to import module '{}': {}".format(modname, str(e)),
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR,
            "Syntax error in module '{}': {}".format(modname, str(e)),
            trace,
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND,
            "Handler '{}' missing on module '{}'".format(fname, modname),
        )


def make_error(error_message, error_type, stack_trace, invoke_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": invoke_id if invoke_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def fault_result(exc_info, invoke_id=None):
    """An exception as the runtime reports it, this file's frames dropped from the trace."""
    etype, value, tb = exc_info
    if isinstance(value, FaultException):
        return make_error(value.msg, value.exception_type, value.trace, invoke_id)
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if "/bootstrap.py" not in frames[i][0]:
            frames = frames[i:]
            break
    return make_error(str(value), etype.__name__, traceback.format_list(frames), invoke_id)


def log_error(error_result):
    """The runtime's text-format error log (its \\r line separators as newlines, for a terminal)."""
    description = "[ERROR]"
    if error_result.get("errorType"):
        description += " " + error_result["errorType"]
    if error_result.get("errorMessage"):
        if error_result.get("errorType"):
            description += ":"
        description += " " + error_result["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error_result.get("stackTrace") or []:
        lines += [""] if element == "" else element.splitlines()
    sys.stdout.write("\n".join(lines) + "\n")


class Encoder(json.JSONEncoder):
    """The runtime encodes a Decimal (what boto3's DynamoDB returns) as the number it holds."""

    def default(self, obj):
        if isinstance(obj, decimal.Decimal):
            if obj.is_nan():
                return None
            return int(obj) if obj == obj.to_integral_value() else float(obj)
        return super().default(obj)


def marshal(response):
    if isinstance(response, bytes):
        # Lambda returns the bytes as they are; a caller reads them as JSON or as a string.
        text = response.decode("utf-8", "replace")
        try:
            json.loads(text)
            return text
        except ValueError:
            return json.dumps(text)
    try:
        return Encoder(allow_nan=False).encode(response)
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __init__(self):
        self.cognito_identity_id = None
        self.cognito_identity_pool_id = None


class LambdaContext(object):
    """The runtime's context: the same attributes, from the same environment variables."""

    def __init__(self, invoke_id, invoked_function_arn, deadline_ms):
        self.aws_request_id = invoke_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = None
        self.client_context = None
        self.identity = CognitoIdentity()
        self._epoch_deadline_time_in_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


current_request_id = None


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id or ""
        return True


def setup_logging():
    """The runtime's root logger handler: `[LEVEL]\\t<UTC time>\\t<request id>\\t<message>`."""
    logging.Formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    handler.terminator = ""
    handler.setFormatter(
        logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
            "%Y-%m-%dT%H:%M:%S",
        )
    )
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def patch_create_client(session_module):
    """
    Lambda points boto3 nowhere special, but local functions must reach the local services
    through AWS_ENDPOINT_URL_<SERVICE> (AWS_ENDPOINT_URL_SNS...), as the Node.js SDK does.
    botocore reads those itself from 1.31 on; before (Debian bookworm has 1.29), clients get the
    same default here: the service id uppercased, spaces as underscores, then AWS_ENDPOINT_URL.
    """
    import botocore

    try:
        major, minor = (int(part) for part in botocore.__version__.split(".")[:2])
    except ValueError:
        return
    if (major, minor) >= (1, 31):
        return
    create_client = session_module.Session.create_client

    def create_client_with_endpoint(self, service_name, *args, **kwargs):
        # endpoint_url is create_client's fifth parameter after service_name.
        if len(args) < 5 and kwargs.get("endpoint_url") is None:
            try:
                service_id = self.get_service_model(service_name).service_id
                variable = "AWS_ENDPOINT_URL_" + str(service_id).replace(" ", "_").upper()
            except Exception:
                variable = None
            endpoint = os.environ.get(variable) if variable else None
            endpoint = endpoint or os.environ.get("AWS_ENDPOINT_URL")
            if endpoint:
                kwargs["endpoint_url"] = endpoint
        return create_client(self, service_name, *args, **kwargs)

    session_module.Session.create_client = create_client_with_endpoint


class PatchBotocoreOnImport(importlib.abc.MetaPathFinder):
    """
    Applies patch_create_client when the function first imports botocore.session: importing
    botocore up front would cost every cold start a few hundred milliseconds, boto3 or not.
    """

    def find_spec(self, fullname, path, target=None):
        if fullname != "botocore.session":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            patch_create_client(module)

        spec.loader.exec_module = exec_and_patch
        return spec


class Control(object):
    def __init__(self):
        os.set_inheritable(CONTROL_IN, False)
        os.set_inheritable(CONTROL_OUT, False)
        self.incoming = os.fdopen(CONTROL_IN, "rb")
        self.outgoing = os.fdopen(CONTROL_OUT, "wb")

    def send(self, message):
        self.outgoing.write(json.dumps(message).encode("utf-8") + b"\n")
        self.outgoing.flush()

    def messages(self):
        for line in self.incoming:
            yield json.loads(line)


def end_of_output(seq):
    """Flushes what the function wrote and marks the end of this invocation's output."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass
    marker = ("\0%s:%d\0" % (MARKER_NONCE, seq)).encode("utf-8")
    os.write(1, marker)
    os.write(2, marker)


def invoke(handler, init_error, message, control):
    global current_request_id
    seq, request_id = message["seq"], message["requestId"]
    current_request_id = request_id
    started = time.perf_counter()
    deadline_ms = int(time.time() * 1000) + int(message["timeoutMs"])
    outcome = {"ok": False}
    discard = False
    if init_error is not None:
        # An environment whose init failed is not reused: the next invocation tries init again.
        error_result, discard = init_error, True
    else:
        try:
            context = LambdaContext(request_id, message["functionArn"], deadline_ms)
            response = handler(json.loads(message["eventJson"]), context)
            outcome = {"ok": True, "payloadJson": marshal(response)}
        except Exception:
            error_result = fault_result(sys.exc_info(), request_id)
    if not outcome["ok"]:
        log_error(error_result)
        outcome["error"] = {
            "errorType": error_result["errorType"],
            "errorMessage": error_result["errorMessage"],
            "trace": error_result["stackTrace"],
            "document": error_result,
        }
    end_of_output(seq)
    duration_ms = (time.perf_counter() - started) * 1000
    control.send(dict(type="result", seq=seq, durationMs=duration_ms, discard=discard, **outcome))


def main():
    control = Control()
    script_dir = os.path.dirname(os.path.abspath(__file__))
    # As in /var/task: the function's folder first, and nothing of this toolkit's.
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != script_dir]
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    setup_logging()
    if any(name.startswith("AWS_ENDPOINT_URL") for name in os.environ):
        sys.meta_path.insert(0, PatchBotocoreOnImport())

    started = time.perf_counter()
    handler, init_error = None, None
    try:
        handler = get_handler(os.environ["_HANDLER"])
    except Exception:
        init_error = fault_result(sys.exc_info())
    if init_error is None:
        control.send({"type": "ready", "initDurationMs": (time.perf_counter() - started) * 1000})

    for message in control.messages():
        if message.get("type") == "invoke":
            invoke(handler, init_error, message, control)


if __name__ == "__main__":
    main()
