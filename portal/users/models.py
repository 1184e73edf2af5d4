from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Our own user model from the first migration, so fields can be added later."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self):
        return self.get_full_name() or self.username
