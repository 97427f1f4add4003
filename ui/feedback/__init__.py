"""Seller feedback: stars, the Rate and Send-back dialogs, and the My send-backs view."""

from ui.feedback.dialogs import RateDialog, SendBackDialog
from ui.feedback.send_backs import STATUS_LABELS, MySendBacksView
from ui.feedback.stars import RATING_WORDS, STARS, StarRatingInput, paint_stars

__all__ = ["RATING_WORDS", "STARS", "STATUS_LABELS", "MySendBacksView", "RateDialog", "SendBackDialog",
           "StarRatingInput", "paint_stars"]
