from guichet.models.staff_access import StaffAccess

__all__ = ["StaffAccess"]
