"""Examples in the OpenAPI document: `openapi_extra=example(request=..., response=...)` on an
operation puts a request body and a response an integrator can copy."""


def example(*, request: dict | None = None, response=None, status: int = 200) -> dict:
    extra: dict = {}
    if request is not None:
        extra["requestBody"] = {"content": {"application/json": {"example": request}}}
    if response is not None:
        extra["responses"] = {status: {"content": {"application/json": {"example": response}}}}
    return extra
