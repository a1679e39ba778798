"""Demo users, one per role (PRODUCT.md): admin, kan.province, kan.mueang, kan.viewer …"""

from concenter.accounts.models import Role, User
from concenter.accounts.services import role_assign, user_create

DEMO_USERS = [
    # username, display name, role, area code, center code
    ("admin", "ผู้ดูแลระบบระดับประเทศ", Role.NATIONAL_ADMIN, None, ""),
    ("kan.province", "สำนักงานพัฒนาชุมชนจังหวัดกาญจนบุรี", Role.PROVINCE_OFFICER, "71", ""),
    ("kan.mueang", "พัฒนากร อำเภอเมืองกาญจนบุรี", Role.DISTRICT_OFFICER, "7101", ""),
    ("kan.viewer", "ผู้ติดตามข้อมูล จังหวัดกาญจนบุรี", Role.VIEWER, "71", ""),
]


def ensure_user(context, username: str, display_name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        password = None if getattr(context, "production", False) else context.password
        user = user_create(username=username, password=password, display_name=display_name)
        if superuser:
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
    return user


def load(context) -> None:
    for username, display_name, role, area_code, center_code in DEMO_USERS:
        user = ensure_user(context, username, display_name, superuser=role == Role.NATIONAL_ADMIN)
        role_assign(user=user, role=role, area_code=area_code, center_code=center_code)
        context.logins.append((role.label, username))
