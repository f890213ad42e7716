<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-audit.xsl: the audit log: when, who, what, from where; newest first. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('audit.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('audit.title')"/></h1>
    <xsl:choose>
      <xsl:when test="entries/entry">
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="kp:t('audit.when')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.who')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.what')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.detail')"/></th>
                <th scope="col"><xsl:value-of select="kp:t('audit.where')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="entries/entry">
                <tr>
                  <td><time datetime="{@at}Z"><xsl:value-of select="kp:date(kp:local(@at))"/><xsl:text> </xsl:text><xsl:value-of select="kp:time(kp:local(@at))"/></time></td>
                  <td><xsl:value-of select="actor"/> <span class="meta"> (<xsl:value-of select="kp:t(concat('audit.kind.', @kind))"/>)</span></td>
                  <td><code><xsl:value-of select="@action"/></code>
                    <xsl:if test="string(@object-id)"> <span class="meta"> <xsl:value-of select="@object"/> #<xsl:value-of select="@object-id"/></span></xsl:if></td>
                  <td><xsl:value-of select="detail"/></td>
                  <td><xsl:value-of select="@ip"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('audit.none')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="pager"><xsl:with-param name="base" select="'/audit'"/></xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
