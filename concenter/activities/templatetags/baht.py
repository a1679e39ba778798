"""{% baht value %}: an amount of money with thousands separators and satang (12,500.50), in
Thai digits when the user chose them (like the `num` tag, which leaves Decimals as they are)."""

from decimal import Decimal

from django import template

from concenter.common.thai import to_thai_digits

register = template.Library()


@register.simple_tag(takes_context=True)
def baht(context, value) -> str:
    if value in (None, ""):
        return "–"
    try:
        amount = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)
    text = f"{amount:,.2f}"
    user = context.get("user")
    return to_thai_digits(text) if getattr(user, "thai_digits", False) else text
